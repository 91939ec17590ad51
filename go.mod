module github.com/cstagen/cstagen

go 1.24

require (
	github.com/alecthomas/participle/v2 v2.1.4
	github.com/dave/jennifer v1.7.1
	github.com/emiago/sipgo v1.7.3
	github.com/go-asn1-ber/asn1-ber v1.5.8
	github.com/google/go-cmp v0.7.0
	github.com/icholy/digest v1.2.0
)

require (
	github.com/gobwas/httphead v0.1.0 // indirect
	github.com/gobwas/pool v0.2.1 // indirect
	github.com/gobwas/ws v1.3.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	golang.org/x/sync v0.16.0 // indirect
	golang.org/x/sys v0.24.0 // indirect
)
