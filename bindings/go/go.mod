module github.com/talos-kit/talos-kit/bindings/go

go 1.26.3

require (
	github.com/jxskiss/base62 v1.1.0
	github.com/siderolabs/discovery-api v0.1.8
	github.com/siderolabs/go-adv v1.0.0
)

require (
	github.com/planetscale/vtprotobuf v0.6.1-0.20240319094008-0393e58bdf10 // indirect
	github.com/siderolabs/gen v0.8.6 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
