// SPDX-License-Identifier: GPL-2.0
/*
 * RDMA memory registration: ibv_reg_mr() -> ib_umem_get() pins the
 * buffer with pin_user_pages_fast(FOLL_LONGTERM), up to 512 pages a call
 * (a page of page pointers), and ibv_dereg_mr() unpins it: what every
 * RDMA application does with the memory it gives a NIC.  On a machine
 * with an RDMA device (a real NIC, or an rxe already set up) it uses that
 * device; else, as root, it sets up soft-RoCE the way `ip link add
 * gbdummy0 type dummy; rdma link add gbrxe0 type rxe netdev gbdummy0`
 * would, journalled and deleted on every exit path, so no RDMA hardware
 * is needed.
 */
#include <errno.h>
#include <infiniband/verbs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <unistd.h>

#include "../cases.h"
#include "../../system/allowed.h"
#include "../../system/netlink.h"
#include "../../system/sys.h"

/* libibverbs reads its providers' names here (rdma-core's IBV_CONFIG_DIR). */
#define RXE_PROVIDER_CONFIG	"/etc/libibverbs.d/rxe.driver"

struct rdma_priv {
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_mr *mr;
};

static int nr_devices(void)
{
	struct ibv_device **list;
	int n = 0;

	list = ibv_get_device_list(&n);
	if (list)
		ibv_free_device_list(list);
	return list ? n : 0;
}

/* The kernel has RDMA netlink, i.e. CONFIG_INFINIBAND (loaded, if a module). */
static bool have_rdma_netlink(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_RDMA);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* What can be known without changing anything (`gupbench list` asks too). */
static const char *rdma_supported(const struct gb_env *env, char *buf,
				  size_t len)
{
	(void)env;
	if (nr_devices() > 0)
		return NULL;
	if (!have_rdma_netlink())
		snprintf(buf, len, "no RDMA device and no RDMA netlink: needs CONFIG_INFINIBAND (and CONFIG_RDMA_RXE for soft-RoCE)");
	else if (access(RXE_PROVIDER_CONFIG, R_OK))
		snprintf(buf, len, "no RDMA device, and libibverbs has no rxe provider (%s): install ibverbs-providers",
			 RXE_PROVIDER_CONFIG);
	else if (geteuid() != 0)
		snprintf(buf, len, "no RDMA device, and setting up soft-RoCE (rdma link add ... type rxe) needs root");
	else
		return NULL;
	return buf;
}

/* Soft-RoCE where there is no device: gbrxe0 on gbdummy0. */
static const char *rdma_prepare(const struct gb_env *env, char *buf,
				size_t len)
{
	int err;

	(void)env;
	if (nr_devices() > 0)
		return NULL;
	err = gb_sys_netdev(GB_NETDEV_NAME, GB_NETDEV_KIND);
	if (err && err != -EEXIST) {
		snprintf(buf, len, "cannot create netdev %s: %s%s", GB_NETDEV_NAME,
			 gb_errno_hint(-err), err == -EOPNOTSUPP ?
			 " (no dummy netdev type: needs CONFIG_DUMMY)" : "");
		return buf;
	}
	err = gb_rdma_link_add(GB_RXE_NAME, "rxe", GB_NETDEV_NAME);
	if (err && err != -EEXIST) {
		snprintf(buf, len, "rdma link add %s type rxe netdev %s: %s%s", GB_RXE_NAME,
			 GB_NETDEV_NAME, gb_errno_hint(-err),
			 err == -EINVAL ? " (no rxe link type: needs CONFIG_RDMA_RXE)" : "");
		return buf;
	}
	if (nr_devices() > 0)
		return NULL;
	snprintf(buf, len, "%s is set up but libibverbs lists no device: needs /dev/infiniband/uverbs* (CONFIG_INFINIBAND_USER_ACCESS) and the rxe provider (ibverbs-providers)",
		 GB_RXE_NAME);
	return buf;
}

/* The device gupbench set up when it is there, else the first one. */
static struct ibv_context *open_device(void)
{
	struct ibv_device **list = ibv_get_device_list(NULL), *dev = NULL;
	struct ibv_context *ctx = NULL;
	int i;

	if (!list)
		return NULL;
	for (i = 0; list[i] && !dev; i++)
		if (!strcmp(ibv_get_device_name(list[i]), GB_RXE_NAME))
			dev = list[i];
	if (!dev)
		dev = list[0];
	if (dev)
		ctx = ibv_open_device(dev);
	else
		errno = ENODEV;
	ibv_free_device_list(list);
	return ctx;
}

static int rdma_open(void **priv)
{
	struct rdma_priv *p = calloc(1, sizeof(*p));
	int err;

	if (!p)
		return -ENOMEM;
	p->ctx = open_device();
	if (!p->ctx)
		goto fail;
	p->pd = ibv_alloc_pd(p->ctx);
	if (!p->pd)
		goto fail;
	*priv = p;
	return 0;
fail:
	err = errno ? -errno : -ENODEV;
	if (p->ctx)
		ibv_close_device(p->ctx);
	free(p);
	return err;
}

static void rdma_close(void *priv)
{
	struct rdma_priv *p = priv;

	if (p->mr)
		ibv_dereg_mr(p->mr);
	ibv_dealloc_pd(p->pd);
	ibv_close_device(p->ctx);
	free(p);
}

static void rdma_pin(void *priv, void *addr, size_t len,
		     struct gb_pin_result *r)
{
	struct rdma_priv *p = priv;

	/* Local write: the NIC writes into it, so the pin is FOLL_WRITE. */
	errno = 0;
	p->mr = ibv_reg_mr(p->pd, addr, len, IBV_ACCESS_LOCAL_WRITE);
	r->ok = p->mr != NULL;
	r->err = r->ok ? 0 : (errno ? -errno : -EIO);
	r->pages_pinned = r->ok ? len / (size_t)sysconf(_SC_PAGESIZE) : 0;
}

static int rdma_unpin(void *priv)
{
	struct rdma_priv *p = priv;
	int err;

	if (!p->mr)
		return 0;
	err = ibv_dereg_mr(p->mr);	/* 0 or an errno value */
	p->mr = NULL;
	return -err;
}

const struct gb_pinner gb_pinner_rdma = {
	.name = "rdma",
	.summary = "ibv_reg_mr() (ib_umem_get) on an RDMA device, soft-RoCE (rdma_rxe on a dummy netdev) set up where there is none: a NIC's memory registration",
	.longterm = true,
	.supported = rdma_supported,
	.prepare = rdma_prepare,
	.open = rdma_open,
	.close = rdma_close,
	.pin = rdma_pin,
	.unpin = rdma_unpin,
};
