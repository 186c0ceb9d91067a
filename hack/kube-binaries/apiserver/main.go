// Command kube-apiserver starts the Kubernetes API server of the pinned k8s.io/kubernetes module.
// It exists because a main package cannot be imported: hack/kube-binaries.sh builds it for the
// integration tests (fabric8 kube-api-test runs it against etcd).
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
