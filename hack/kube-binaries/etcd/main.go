// Command etcd runs the etcd server of the pinned go.etcd.io/etcd/server/v3 module for the
// integration tests; hack/kube-binaries.sh builds it.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
