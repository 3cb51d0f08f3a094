// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <rdma/rdma_netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink.h"

/* One request: a header, an ifinfomsg where rtnetlink wants it, attributes. */
struct request {
	struct nlmsghdr h;
	char body[512];
};

static void *tail(struct request *r)
{
	return (char *)&r->h + NLMSG_ALIGN(r->h.nlmsg_len);
}

/* Returns the attribute (to nest into), or NULL when it does not fit. */
static struct nlattr *put(struct request *r, unsigned short type,
			  const void *data, size_t len)
{
	struct nlattr *a = tail(r);
	size_t room = sizeof(*r) - NLMSG_ALIGN(r->h.nlmsg_len);

	if (NLA_ALIGN(NLA_HDRLEN + len) > room)
		return NULL;
	a->nla_type = type;
	a->nla_len = (unsigned short)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static struct nlattr *put_str(struct request *r, unsigned short type,
			      const char *s)
{
	return put(r, type, s, strlen(s) + 1);
}

/* Send, then the kernel's one answer into buf: its length, or -errno. */
static ssize_t exchange(int protocol, struct request *r, void *buf, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	ssize_t n;
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
	if (fd < 0)
		return -errno;
	r->h.nlmsg_flags |= NLM_F_REQUEST;
	r->h.nlmsg_seq = 1;
	if (sendto(fd, r, r->h.nlmsg_len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	do
		n = recv(fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	err = n < 0 ? -errno : 0;
	close(fd);
	return err ? err : n;
}

/* An NLMSG_ERROR answer's error (0 is an acknowledgement), else -EPROTO. */
static int answer_error(const struct nlmsghdr *h, ssize_t n)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);

	if ((size_t)n < NLMSG_HDRLEN + sizeof(*e) || h->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return e->error;
}

/* Send, then the kernel's acknowledgement: 0 or its -errno. */
static int transact(int protocol, struct request *r)
{
	union {
		struct nlmsghdr h;
		char buf[1024];
	} ack;
	ssize_t n;

	r->h.nlmsg_flags |= NLM_F_ACK;
	n = exchange(protocol, r, &ack, sizeof(ack));
	return n < 0 ? (int)n : answer_error(&ack.h, n);
}

static void link_request(struct request *r, unsigned short type,
			 unsigned short flags, unsigned int up)
{
	struct ifinfomsg *ifi;

	memset(r, 0, sizeof(*r));
	r->h.nlmsg_type = type;
	r->h.nlmsg_flags = flags;
	r->h.nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	ifi = NLMSG_DATA(&r->h);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_flags = up;
	ifi->ifi_change = up;
}

int gb_netdev_add_dummy(const char *name)
{
	struct request r;
	struct nlattr *info;

	if (strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	link_request(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, IFF_UP);
	if (!put_str(&r, IFLA_IFNAME, name) ||
	    !(info = put(&r, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0)) ||
	    !put_str(&r, IFLA_INFO_KIND, "dummy"))
		return -E2BIG;
	info->nla_len = (unsigned short)((char *)tail(&r) - (char *)info);
	return transact(NETLINK_ROUTE, &r);
}

/* The attribute of TYPE among LEFT bytes of attributes at A, or NULL. */
static const struct nlattr *find_attr(const struct nlattr *a, size_t left, unsigned short type)
{
	while (left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= left) {
		size_t step = NLA_ALIGN((size_t)a->nla_len);

		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		if (step >= left)
			break;
		left -= step;
		a = (const struct nlattr *)((const char *)a + step);
	}
	return NULL;
}

/* The IFLA_INFO_KIND inside an RTM_NEWLINK answer, or NULL. */
static const char *kind_of(const struct nlmsghdr *h)
{
	size_t head = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct ifinfomsg)));
	const struct nlattr *info, *kind;

	if (h->nlmsg_len < head)
		return NULL;
	info = find_attr((const struct nlattr *)((const char *)h + head), h->nlmsg_len - head,
			 IFLA_LINKINFO);
	if (!info)
		return NULL;
	kind = find_attr((const struct nlattr *)((const char *)info + NLA_HDRLEN),
			 (size_t)info->nla_len - NLA_HDRLEN, IFLA_INFO_KIND);
	if (!kind || kind->nla_len <= NLA_HDRLEN || ((const char *)kind)[kind->nla_len - 1])
		return NULL;
	return (const char *)kind + NLA_HDRLEN;
}

int gb_netdev_is(const char *name, const char *kind)
{
	union {
		struct nlmsghdr h;
		char buf[16384];
	} ans;
	struct request r;
	const char *got;
	ssize_t n;

	if (strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	link_request(&r, RTM_GETLINK, 0, 0);
	if (!put_str(&r, IFLA_IFNAME, name))
		return -E2BIG;
	n = exchange(NETLINK_ROUTE, &r, &ans, sizeof(ans));
	if (n < 0)
		return (int)n;
	if ((size_t)n < NLMSG_HDRLEN || ans.h.nlmsg_len > (size_t)n)
		return -EPROTO;
	if (ans.h.nlmsg_type != RTM_NEWLINK) {
		int e = answer_error(&ans.h, n);

		return e ? e : -EPROTO;
	}
	got = kind_of(&ans.h);
	return got && !strcmp(got, kind) ? 0 : -EMEDIUMTYPE;
}

int gb_netdev_del(const char *name, const char *kind)
{
	struct request r;
	int err = gb_netdev_is(name, kind);

	/* Only the kind gupbench made: a bridge of the same name is not ours. */
	if (err)
		return err;
	link_request(&r, RTM_DELLINK, 0, 0);
	if (!put_str(&r, IFLA_IFNAME, name))
		return -E2BIG;
	return transact(NETLINK_ROUTE, &r);
}

int gb_rdma_link_add(const char *ibdev, const char *type, const char *netdev)
{
	struct request r;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_type = RDMA_NL_GET_TYPE(RDMA_NL_NLDEV, RDMA_NLDEV_CMD_NEWLINK);
	r.h.nlmsg_len = NLMSG_HDRLEN;
	if (!put_str(&r, RDMA_NLDEV_ATTR_DEV_NAME, ibdev) ||
	    !put_str(&r, RDMA_NLDEV_ATTR_LINK_TYPE, type) ||
	    !put_str(&r, RDMA_NLDEV_ATTR_NDEV_NAME, netdev))
		return -E2BIG;
	return transact(NETLINK_RDMA, &r);
}
