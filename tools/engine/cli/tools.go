//go:build tools

// Package cli pins the Pulumi CLI's main package so that `go build` can
// build it from this module: pkg/v3's own go.mod has replace directives,
// which make `go install ...@version` refuse it.
package cli

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
