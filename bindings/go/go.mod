module github.com/talos-kit/talos-kit/bindings/go

go 1.26.3

require github.com/siderolabs/go-adv v1.0.0

require github.com/siderolabs/gen v0.8.6 // indirect
