// Bench-only LD_PRELOAD stub (not part of lvs-director): lets `keepalived -C` run its checkers on a kernel
// without IPVS, so that checkers-scale.sh can measure keepalived and lvs-director at full scale in the same
// run on such a host. keepalived (Debian's build links libnl-3 and libnl-genl-3 dynamically) reaches IPVS only
// through libnl's generic netlink calls; this stub answers those for the family "IPVS" and passes every other
// call on to libnl:
//   genl_ctrl_resolve("IPVS")   -> a made-up family id (the kernel has none, so keepalived would stop at start:
//                                  "IPVS: Can't initialize ipvs"),
//   nl_send_auto(IPVS request)  -> not sent; counted by command,
//   nl_recvmsgs_default(after)  -> success: IPVS_CMD_GET_INFO gets a reply (version 1.2.1, 4096 buckets) through
//                                  keepalived's own NL_CB_VALID callback, then its NL_CB_ACK callback (or, for a
//                                  dump, NL_CB_FINISH: dumps of services, dests, daemons are empty) ends its wait.
// So every IPVS change keepalived makes succeeds at once without reaching a kernel: its checkers, their
// sockets and timers, its logging and its decision to change IPVS are all real; only the netlink round trip
// (which lvs-director, whose IPVS writes fail at once on such a kernel, does not pay either) is absent.
// With IPVS_STUB_LOG=FILE, each DEL_DEST is logged there with a CLOCK_MONOTONIC time, and the counts at exit.
//
// Build: gcc -O2 -shared -fPIC -o ipvs-genl-stub.so ipvs-genl-stub.c -ldl
// Use:   LD_PRELOAD=./ipvs-genl-stub.so keepalived -n -l -C -f keepalived.conf
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>

// libnl-3's opaque types and the calls used here (the headers are in libnl-3-dev, which the bench does not need).
struct nl_sock;
struct nl_msg;
typedef int (*nl_recvmsg_msg_cb_t)(struct nl_msg *, void *);
extern struct nlmsghdr *nlmsg_hdr(struct nl_msg *);
extern struct nl_msg *nlmsg_alloc(void);
extern void nlmsg_free(struct nl_msg *);
extern void *genlmsg_put(struct nl_msg *, uint32_t, uint32_t, int, int, int, uint8_t, uint8_t);
extern int nla_put(struct nl_msg *, int, int, const void *);
enum { NL_CB_VALID_ = 0, NL_CB_FINISH_ = 1, NL_CB_ACK_ = 4, NL_CB_KIND_CUSTOM = 3 };

#define STUB_FAMILY 0x3ffe

static int (*real_resolve)(struct nl_sock *, const char *);
static int (*real_send_auto)(struct nl_sock *, struct nl_msg *);
static int (*real_recvmsgs_default)(struct nl_sock *);
static int (*real_modify_cb)(struct nl_sock *, int, int, nl_recvmsg_msg_cb_t, void *);

static struct nl_sock *ipvs_sock;     // the socket on which keepalived resolved "IPVS"
static int pending_cmd = -1;          // its last IPVS request, awaiting its "reply"
static int pending_flags;
struct callback { nl_recvmsg_msg_cb_t func; void *arg; };
static struct callback valid_cb, ack_cb, finish_cb;  // keepalived's callbacks on that socket
static unsigned long counts[IPVS_CMD_MAX + 1];
static FILE *stub_log;

static void *next(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "ipvs-genl-stub: %s not found: is the program linked with libnl-3?\n", name);
        abort();
    }
    return f;
}

__attribute__((constructor)) static void stub_init(void)
{
    const char *path = getenv("IPVS_STUB_LOG");
    if (path && *path) {
        stub_log = fopen(path, "a");
        if (stub_log)
            setvbuf(stub_log, NULL, _IOLBF, 0);
    }
}

__attribute__((destructor)) static void stub_fini(void)
{
    if (!stub_log)
        return;
    fprintf(stub_log, "counts:");
    for (int c = 0; c <= IPVS_CMD_MAX; c++)
        if (counts[c])
            fprintf(stub_log, " cmd%d=%lu", c, counts[c]);
    fprintf(stub_log, "\n");
}

int genl_ctrl_resolve(struct nl_sock *sock, const char *name)
{
    if (!real_resolve)
        real_resolve = next("genl_ctrl_resolve");
    if (name && strcmp(name, IPVS_GENL_NAME) == 0) {
        ipvs_sock = sock;
        return STUB_FAMILY;
    }
    return real_resolve(sock, name);
}

int nl_socket_modify_cb(struct nl_sock *sock, int type, int kind, nl_recvmsg_msg_cb_t func, void *arg)
{
    if (!real_modify_cb)
        real_modify_cb = next("nl_socket_modify_cb");
    if (sock == ipvs_sock && kind == NL_CB_KIND_CUSTOM) {
        struct callback cb = { func, arg };
        if (type == NL_CB_VALID_)
            valid_cb = cb;
        else if (type == NL_CB_ACK_)
            ack_cb = cb;
        else if (type == NL_CB_FINISH_)
            finish_cb = cb;
    }
    return real_modify_cb(sock, type, kind, func, arg);
}

int nl_send_auto(struct nl_sock *sock, struct nl_msg *msg)
{
    if (!real_send_auto)
        real_send_auto = next("nl_send_auto");
    struct nlmsghdr *h = nlmsg_hdr(msg);
    if (h->nlmsg_type != STUB_FAMILY)
        return real_send_auto(sock, msg);
    const struct genlmsghdr *g = (const struct genlmsghdr *)NLMSG_DATA(h);
    if (g->cmd <= IPVS_CMD_MAX)
        counts[g->cmd]++;
    if (g->cmd == IPVS_CMD_DEL_DEST && stub_log) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        fprintf(stub_log, "%ld.%09ld DEL_DEST\n", (long)ts.tv_sec, ts.tv_nsec);
    }
    pending_cmd = g->cmd;
    pending_flags = h->nlmsg_flags;
    return (int)h->nlmsg_len;
}

// A message of the family with the given command and, for GET_INFO, its two attributes.
static struct nl_msg *reply(int cmd)
{
    struct nl_msg *m = nlmsg_alloc();
    if (!m || !genlmsg_put(m, 0, 0, STUB_FAMILY, 0, 0, (uint8_t)cmd, IPVS_GENL_VERSION))
        return m;
    if (cmd == IPVS_CMD_SET_INFO) {
        uint32_t version = (1 << 16) | (2 << 8) | 1, size = 4096;
        nla_put(m, IPVS_INFO_ATTR_VERSION, sizeof version, &version);
        nla_put(m, IPVS_INFO_ATTR_CONN_TAB_SIZE, sizeof size, &size);
    }
    return m;
}

static void call(struct callback cb, int cmd)
{
    if (!cb.func)
        return;
    struct nl_msg *m = reply(cmd);
    if (m) {
        cb.func(m, cb.arg);
        nlmsg_free(m);
    }
}

int nl_recvmsgs_default(struct nl_sock *sock)
{
    if (!real_recvmsgs_default)
        real_recvmsgs_default = next("nl_recvmsgs_default");
    if (sock != ipvs_sock || pending_cmd < 0)
        return real_recvmsgs_default(sock);
    int cmd = pending_cmd;
    pending_cmd = -1;
    if (cmd == IPVS_CMD_GET_INFO)
        call(valid_cb, IPVS_CMD_SET_INFO);
    if (pending_flags & NLM_F_DUMP)
        call(finish_cb, cmd);
    else
        call(ack_cb, cmd);
    return 0;
}
