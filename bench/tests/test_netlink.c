// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink requests are well formed: the kernel parses them and
 * answers about the name, not the message.  Deleting a netdev nobody has
 * gets ENODEV (a malformed request gets EINVAL), or EPERM without
 * CAP_NET_ADMIN; an rxe link on a missing netdev gets ENODEV where the
 * kernel has RDMA netlink.  Nothing is created: the one request here that
 * could create names a netdev that does not exist.
 */
#include <errno.h>
#include <unistd.h>

#include "check.h"
#include "../system/netlink.h"

#define MISSING	"gbnosuchdev0"

int main(void)
{
	int err = gb_netdev_del(MISSING);

	CHECK(geteuid() == 0 ? err == -ENODEV : err == -EPERM);
	CHECK(gb_netdev_del("a-name-longer-than-ifnamsiz") == -ENAMETOOLONG);
	err = gb_rdma_link_add("gbnosuchrxe0", "rxe", MISSING);
	/* EPROTONOSUPPORT: no CONFIG_INFINIBAND (this host, say). */
	CHECK(err == -EPROTONOSUPPORT || err == -ENODEV || err == -EPERM);
	fprintf(stderr, "test_netlink: rdma link add on a missing netdev: %s\n",
		strerror(-err));
	CHECK_DONE();
}
