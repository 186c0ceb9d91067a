// Command etcd mirrors the upstream etcd main (go.etcd.io/etcd/v3), built by
// hack/kube-binaries.sh.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
