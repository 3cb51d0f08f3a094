// SPDX-License-Identifier: GPL-2.0
/*
 * iommufd (/dev/iommu): IOMMU_IOAS_MAP of the buffer into an I/O address
 * space with a domain attached pins it longterm (iopt_pages pins with
 * FOLL_LONGTERM, as for a VM's memory given to an assigned device), and
 * IOMMU_IOAS_UNMAP unpins it.  The domain is the self-test mock domain
 * (CONFIG_IOMMUFD_TEST, as tools/testing/selftests/iommu uses), so no
 * IOMMU hardware is needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../cases.h"
#include "../../system/files.h"

/*
 * From include/uapi/linux/iommufd.h (6.2+) and the self-test's
 * drivers/iommu/iommufd/iommufd_test.h, as the selftests copy them:
 * Debian 12's headers predate them.
 */
#define IOMMUFD_TYPE		(';')
#define IOMMUFD_CMD_IOAS_ALLOC	0x81
#define IOMMUFD_CMD_IOAS_MAP	0x85
#define IOMMUFD_CMD_IOAS_UNMAP	0x86
#define IOMMU_IOAS_ALLOC	_IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_ALLOC)
#define IOMMU_IOAS_MAP		_IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_MAP)
#define IOMMU_IOAS_UNMAP	_IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_UNMAP)
#define IOMMU_TEST_CMD		_IO(IOMMUFD_TYPE, 0x80 + 32)
#define IOMMU_IOAS_MAP_WRITEABLE	(1 << 1)
#define IOMMU_IOAS_MAP_READABLE		(1 << 2)
#define IOMMU_TEST_OP_MOCK_DOMAIN	2
#define MOCK_APERTURE_BYTES	((1ull << 31) - (1ull << 24))

struct iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};

struct iommu_ioas_map {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__u32 __reserved;
	__aligned_u64 user_va;
	__aligned_u64 length;
	__aligned_u64 iova;
};

struct iommu_ioas_unmap {
	__u32 size;
	__u32 ioas_id;
	__aligned_u64 iova;
	__aligned_u64 length;
};

/* struct iommu_test_cmd: the mock-domain member, the union at its size. */
struct iommu_test_cmd {
	__u32 size;
	__u32 op;
	__u32 id;
	__u32 __reserved;
	union {
		struct {
			__u32 out_stdev_id;
			__u32 out_hwpt_id;
			__u32 out_idev_id;
		} mock_domain;
		/* the largest member (dirty): 6 x 8 bytes */
		__aligned_u64 pad[6];
	};
	__u32 last;
};

struct iommufd_priv {
	int fd;
	__u32 ioas;
	__u64 iova;
	size_t len;
	bool mapped;
};

/* /dev/iommu with an address space and a mock domain attached to it. */
static int attach(int *fd_out, __u32 *ioas_out)
{
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	struct iommu_test_cmd mock = {
		.size = sizeof(mock), .op = IOMMU_TEST_OP_MOCK_DOMAIN,
	};
	int fd = open("/dev/iommu", O_RDWR | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, IOMMU_IOAS_ALLOC, &alloc)) {
		err = -errno;
		close(fd);
		return err;
	}
	mock.id = alloc.out_ioas_id;
	if (ioctl(fd, IOMMU_TEST_CMD, &mock)) {
		/* Not a self-test kernel: tell it apart from the rest. */
		err = errno == ENOTTY || errno == EINVAL ? -ENOSYS : -errno;
		close(fd);
		return err;
	}
	*fd_out = fd;
	*ioas_out = alloc.out_ioas_id;
	return 0;
}

static const char *iommufd_supported(const struct gb_env *env, char *buf,
				     size_t len)
{
	__u32 ioas;
	int fd, err;

	/* The mock domain's aperture: IOVAs from 16 MiB up to 2 GiB. */
	if (env->size > MOCK_APERTURE_BYTES) {
		snprintf(buf, len, "a %zu-byte buffer does not fit the mock domain's %llu-byte aperture",
			 env->size, (unsigned long long)MOCK_APERTURE_BYTES);
		return buf;
	}
	err = attach(&fd, &ioas);
	if (!err) {
		close(fd);
		return NULL;
	}
	if (err == -ENOENT)
		snprintf(buf, len, "no /dev/iommu: needs CONFIG_IOMMUFD");
	else if (err == -ENOSYS)
		snprintf(buf, len, "no iommufd mock domain (IOMMU_TEST_CMD): needs CONFIG_IOMMUFD_TEST");
	else
		snprintf(buf, len, "/dev/iommu: %s", gb_errno_hint(-err));
	return buf;
}

static int iommufd_open(void **priv)
{
	struct iommufd_priv *p = calloc(1, sizeof(*p));
	int err;

	if (!p)
		return -ENOMEM;
	err = attach(&p->fd, &p->ioas);
	if (err) {
		free(p);
		return err;
	}
	*priv = p;
	return 0;
}

static void iommufd_close(void *priv)
{
	struct iommufd_priv *p = priv;

	close(p->fd);
	free(p);
}

static void iommufd_pin(void *priv, void *addr, size_t len,
			struct gb_pin_result *r)
{
	struct iommufd_priv *p = priv;
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE,
		.ioas_id = p->ioas,
		.user_va = (__u64)(uintptr_t)addr,
		.length = len,
	};

	r->err = ioctl(p->fd, IOMMU_IOAS_MAP, &map) ? -errno : 0;
	r->ok = !r->err;
	r->pages_pinned = r->ok ? len / (size_t)sysconf(_SC_PAGESIZE) : 0;
	p->mapped = r->ok;
	p->iova = map.iova;
	p->len = len;
}

static int iommufd_unpin(void *priv)
{
	struct iommufd_priv *p = priv;
	struct iommu_ioas_unmap unmap = {
		.size = sizeof(unmap), .ioas_id = p->ioas,
		.iova = p->iova, .length = p->len,
	};

	if (!p->mapped)
		return 0;
	p->mapped = false;
	return ioctl(p->fd, IOMMU_IOAS_UNMAP, &unmap) ? -errno : 0;
}

const struct gb_pinner gb_pinner_iommufd = {
	.name = "iommufd",
	.summary = "IOMMU_IOAS_MAP on /dev/iommu with the self-test mock domain (CONFIG_IOMMUFD_TEST): a device's DMA mapping",
	.longterm = true,
	.supported = iommufd_supported,
	.open = iommufd_open,
	.close = iommufd_close,
	.pin = iommufd_pin,
	.unpin = iommufd_unpin,
};
