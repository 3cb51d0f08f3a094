// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink requests are well formed: the kernel parses them and
 * answers about the name, not the message.  Deleting a netdev nobody has
 * gets ENODEV (a malformed request gets EINVAL); the loopback, asked to
 * be deleted as a dummy, is not one (EMEDIUMTYPE) and stays; an rxe link on a missing netdev gets ENODEV where the
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
	/* The kind is asked first (RTM_GETLINK needs no privilege). */
	int err = gb_netdev_del(MISSING, "dummy");

	CHECK(err == -ENODEV);
	CHECK(gb_netdev_del("a-name-longer-than-ifnamsiz", "dummy") == -ENAMETOOLONG);
	/* The loopback is no dummy: never deleted by a journal that says so. */
	CHECK(gb_netdev_is("lo", "dummy") == -EMEDIUMTYPE);
	CHECK(gb_netdev_del("lo", "dummy") == -EMEDIUMTYPE);
	err = gb_rdma_link_add("gbnosuchrxe0", "rxe", MISSING);
	/* EPROTONOSUPPORT: no CONFIG_INFINIBAND (this host, say). */
	CHECK(err == -EPROTONOSUPPORT || err == -ENODEV || err == -EPERM);
	fprintf(stderr, "test_netlink: rdma link add on a missing netdev: %s\n",
		strerror(-err));
	CHECK_DONE();
}
