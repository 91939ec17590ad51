module github.com/cstagen/cstagen

go 1.24

require (
	github.com/alecthomas/participle/v2 v2.1.4
	github.com/dave/jennifer v1.7.1
	github.com/go-asn1-ber/asn1-ber v1.5.8
	github.com/google/go-cmp v0.7.0
)
