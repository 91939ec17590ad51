module example.com/vendorext

go 1.24

require (
	github.com/cstagen/cstagen v0.0.0
	github.com/google/go-cmp v0.7.0
)

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/dave/jennifer v1.7.1 // indirect
)

replace github.com/cstagen/cstagen => ../..

tool github.com/cstagen/cstagen/cmd/cstagen
