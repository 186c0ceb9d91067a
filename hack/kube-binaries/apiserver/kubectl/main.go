// Command kubectl is the fallback kubectl for kube-api-test's readiness check, built by
// hack/kube-binaries.sh only when the machine has no usable kubectl. It sits in the
// kube-apiserver wrapper module so that both share one module graph.
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	util.CheckErr(cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand()))
}
