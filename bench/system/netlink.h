/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two netlink requests behind the soft-RoCE device the pinner "rdma"
 * needs where a machine has no RDMA device: a dummy netdev (rtnetlink,
 * as `ip link add NAME type dummy`) and an rxe link on it (RDMA netlink,
 * as `rdma link add IBDEV type rxe netdev NAME`).  Plain requests,
 * unjournalled: sys.h journals the netdev, and deleting the netdev
 * takes the rxe link on it with it (rxe unregisters on NETDEV_UNREGISTER).
 * Each returns 0 or -errno (the kernel's answer).
 */
#ifndef GB_NETLINK_H
#define GB_NETLINK_H

int gb_netdev_add_dummy(const char *name);	/* created up */
/*
 * 0 when the netdev NAME exists and is of KIND ("dummy"), -ENODEV when
 * there is none, -EMEDIUMTYPE when it is of another kind.
 */
int gb_netdev_is(const char *name, const char *kind);
/*
 * Delete NAME only if it is of KIND (what gupbench made; a device of the
 * same name and another kind is somebody else's): -EMEDIUMTYPE if not.
 * Async-signal-safe (stack buffers and syscalls only): the exit path.
 */
int gb_netdev_del(const char *name, const char *kind);
int gb_rdma_link_add(const char *ibdev, const char *type, const char *netdev);

#endif
