/*
 * nl-route-floor: the kernel floor for route writes (issue 5, ADR 0031).
 *
 * A plain C rtnetlink writer that does what the kernel needs and nothing more: requests packed
 * into 64 KiB buffers, one sendmsg per buffer, no ACK per route, only the last request of each
 * buffer asks for one (the kernel handles a whole buffer inside sendmsg, so that ACK means the
 * buffer is done; refusals of earlier requests arrive before it as NLMSG_ERROR). It writes the
 * same messages as jbgpd's KernelRouteWriter (replace with table, protocol, metric, gateway;
 * delete naming table, protocol and metric), so the two differ only in the language around them.
 *
 *   nl-route-floor [--netns NAME] [--table N] [--protocol N] [--metric N] [--batch-bytes N]
 *                  [--via ADDR] [--dev IFINDEX] [--nhid ID] (insert|delete) FILE
 *
 * FILE holds one prefix per line ("10.0.0.16/28", "2001:db8::/64") in the order to apply them;
 * it is read completely before the clock starts. Prints one line:
 *   op=insert routes=N refused=N seconds=S cpu=S user=S sys=S
 * (cpu = user + sys of the process: sys is the kernel doing the work, user is this program)
 * --nhid ID installs the routes through an existing kernel nexthop object (RTA_NH_ID, Linux 5.3+)
 * instead of --via/--dev: the experiment of ADR 0036 and 0037.
 * Exit status: 0 all accepted, 1 refusals or a system call failed, 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

struct prefix {
    uint8_t family;
    uint8_t length;
    uint8_t addr[16];
};

static void usage(void) {
    fprintf(stderr, "usage: nl-route-floor [--netns NAME] [--table N] [--protocol N] [--metric N] "
                    "[--batch-bytes N] [--via ADDR] [--dev IFINDEX] [--nhid ID] (insert|delete) FILE\n");
    exit(2);
}

static int parse_prefix(const char *s, struct prefix *p) {
    char buf[64];
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t)(slash - s) : strlen(s);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    memset(p, 0, sizeof *p);
    if (inet_pton(AF_INET, buf, p->addr) == 1) p->family = AF_INET;
    else if (inet_pton(AF_INET6, buf, p->addr) == 1) p->family = AF_INET6;
    else return -1;
    int max = p->family == AF_INET ? 32 : 128;
    int len = slash ? atoi(slash + 1) : max;
    if (len < 0 || len > max) return -1;
    p->length = (uint8_t) len;
    return 0;
}

static struct prefix *read_prefixes(const char *file, size_t *count) {
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!f) { perror(file); exit(1); }
    size_t cap = 1 << 16, n = 0;
    struct prefix *all = malloc(cap * sizeof *all);
    char line[128];
    unsigned long lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, " \t\r\n")] = 0;
        if (line[0] == 0 || line[0] == '#') continue;
        if (n == cap) all = realloc(all, (cap *= 2) * sizeof *all);
        if (!all) { perror("realloc"); exit(1); }
        if (parse_prefix(line, &all[n]) < 0) {
            fprintf(stderr, "%s:%lu: not a prefix: %s\n", file, lineno, line);
            exit(2);
        }
        n++;
    }
    if (f != stdin) fclose(f);
    *count = n;
    return all;
}

static void put_attr(char *buf, size_t *at, unsigned short type, const void *data, size_t len) {
    struct rtattr *rta = (struct rtattr *) (buf + *at);
    rta->rta_type = type;
    rta->rta_len = RTA_LENGTH(len);
    memcpy(RTA_DATA(rta), data, len);
    *at += RTA_SPACE(len);
}

static double tv(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const char *netns = NULL, *via = NULL;
    unsigned table = RT_TABLE_MAIN, protocol = 186, metric = 20, batch = 64 << 10;
    int oif = 0;
    unsigned nhid = 0;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc) usage();
        const char *o = argv[i], *v = argv[i + 1];
        if (!strcmp(o, "--netns")) netns = v;
        else if (!strcmp(o, "--table")) table = strtoul(v, NULL, 10);
        else if (!strcmp(o, "--protocol")) protocol = strtoul(v, NULL, 10);
        else if (!strcmp(o, "--metric")) metric = strtoul(v, NULL, 10);
        else if (!strcmp(o, "--batch-bytes")) batch = strtoul(v, NULL, 10);
        else if (!strcmp(o, "--via")) via = v;
        else if (!strcmp(o, "--dev")) oif = atoi(v);
        else if (!strcmp(o, "--nhid")) nhid = strtoul(v, NULL, 10);
        else usage();
    }
    if (argc - i != 2 || batch < 4096 || protocol > 255) usage();
    int insert = !strcmp(argv[i], "insert");
    if (!insert && strcmp(argv[i], "delete")) usage();
    if (insert && !via && !oif && !nhid) usage();

    struct prefix gw = {0};
    if (via && parse_prefix(via, &gw) < 0) usage();

    size_t count;
    struct prefix *prefixes = read_prefixes(argv[i + 1], &count);

    if (netns) {
        char path[256];
        snprintf(path, sizeof path, "/run/netns/%s", netns);
        int nsfd = open(path, O_RDONLY | O_CLOEXEC);
        if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) < 0) { perror(path); return 1; }
        close(nsfd);
    }
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) { perror("socket"); return 1; }
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    if (bind(fd, (struct sockaddr *) &local, sizeof local) < 0) { perror("bind"); return 1; }
    int one = 1, sndbuf = 4 << 20, rcvbuf = 32 << 20;
    /* The same socket settings as jbgpd's NetlinkSocket. */
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);
    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);

    char *buf = malloc(batch);
    static char reply[256 << 10];
    unsigned seq = 1;
    long refused = 0;
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    size_t next = 0;
    double last_send = t0, last_sent = t0;
    while (next < count) {
        size_t at = 0;
        struct nlmsghdr *last = NULL;
        /* 160 bytes is more than the largest request below (IPv6 dst, RTA_VIA v6, table, metric, oif). */
        while (next < count && at + 160 <= batch) {
            const struct prefix *p = &prefixes[next++];
            struct nlmsghdr *h = (struct nlmsghdr *) (buf + at);
            memset(h, 0, NLMSG_SPACE(sizeof(struct rtmsg)));
            h->nlmsg_type = insert ? RTM_NEWROUTE : RTM_DELROUTE;
            h->nlmsg_flags = NLM_F_REQUEST | (insert ? NLM_F_CREATE | NLM_F_REPLACE : 0);
            h->nlmsg_seq = seq++;
            struct rtmsg *rtm = NLMSG_DATA(h);
            rtm->rtm_family = p->family;
            rtm->rtm_dst_len = p->length;
            rtm->rtm_table = table < 256 ? table : RT_TABLE_UNSPEC;
            rtm->rtm_protocol = protocol;
            rtm->rtm_scope = insert ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
            rtm->rtm_type = insert ? RTN_UNICAST : RTN_UNSPEC;
            size_t m = NLMSG_SPACE(sizeof(struct rtmsg));
            size_t alen = p->family == AF_INET ? 4 : 16;
            char *base = (char *) h;
            if (p->length > 0) put_attr(base, &m, RTA_DST, p->addr, alen);
            put_attr(base, &m, RTA_TABLE, &table, 4);
            if (metric) put_attr(base, &m, RTA_PRIORITY, &metric, 4);
            if (insert && nhid) {
                put_attr(base, &m, 30 /* RTA_NH_ID */, &nhid, 4);
            } else if (insert && via) {
                if (gw.family == p->family) {
                    put_attr(base, &m, RTA_GATEWAY, gw.addr, alen);
                } else {
                    char v[2 + 16];
                    uint16_t fam = gw.family;
                    size_t glen = gw.family == AF_INET ? 4 : 16;
                    memcpy(v, &fam, 2);
                    memcpy(v + 2, gw.addr, glen);
                    put_attr(base, &m, RTA_VIA, v, 2 + glen);
                }
            }
            if (insert && oif && !nhid) put_attr(base, &m, RTA_OIF, &oif, 4);
            h->nlmsg_len = m;
            at += NLMSG_ALIGN(m);
            last = h;
        }
        last->nlmsg_flags |= NLM_F_ACK;
        unsigned want = last->nlmsg_seq;
        last_send = now(CLOCK_MONOTONIC);
        if (send(fd, buf, at, 0) < 0) { perror("sendmsg"); return 1; }
        /* rtnetlink handles a request in the sender's sendmsg: when it returns, the batch is in the table. */
        last_sent = now(CLOCK_MONOTONIC);
        for (int done = 0; !done;) {
            ssize_t n = recv(fd, reply, sizeof reply, 0);
            if (n < 0) {
                if (errno == EINTR) continue;
                perror("recvmsg");
                return 1;
            }
            for (struct nlmsghdr *h = (struct nlmsghdr *) reply; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
                if (h->nlmsg_type != NLMSG_ERROR) continue;
                struct nlmsgerr *e = NLMSG_DATA(h);
                if (e->error != 0) refused++;
                if (e->msg.nlmsg_seq == want) done = 1;
            }
        }
    }
    double t1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
    getrusage(RUSAGE_SELF, &r1);
    /* The CLOCK_MONOTONIC moments (Java's System.nanoTime on Linux) let a caller compare its own timing of the same
       writes with the writer's: the last route went in while the last send ran (ADR 0098). */
    printf("op=%s routes=%zu refused=%ld seconds=%.3f cpu=%.3f user=%.3f sys=%.3f start_mono=%.6f last_send_mono=%.6f last_sent_mono=%.6f end_mono=%.6f\n",
           insert ? "insert" : "delete", count, refused, t1 - t0, c1 - c0, tv(r1.ru_utime) - tv(r0.ru_utime), tv(r1.ru_stime) - tv(r0.ru_stime),
           t0, last_send, last_sent, t1);
    free(buf);
    free(prefixes);
    close(fd);
    return refused ? 1 : 0;
}
