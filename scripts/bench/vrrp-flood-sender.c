/*
 * Flood sender for scripts/bench/vrrp-flood.sh (issue 3, item 8): sends pre-built Ethernet frames on one
 * interface as fast as possible, or paced to a rate, from several threads. Each thread has its own
 * AF_PACKET socket with PACKET_QDISC_BYPASS (no qdisc, no IP stack on the sending side) and hands the kernel
 * BATCH frames per sendmmsg(2). Frames come from a file of hex lines (one frame per line, built by the script).
 *
 * Usage: vrrp-flood-sender IFNAME FRAMES-FILE RATE(pps, 0 = unpaced) SECONDS THREADS BATCH
 * SECONDS 0 sends every frame of the file once (one thread).
 * Prints: "sent N frames in S s = R frames/s (T threads, batch B)".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAMES 64
#define MAX_FRAME 1514
#define MAX_BATCH 1024

static unsigned char frames[MAX_FRAMES][MAX_FRAME];
static size_t frame_len[MAX_FRAMES];
static int frame_count;
static int ifindex;
static double rate, seconds;
static int threads, batch;
static atomic_long total_sent;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *sender(void *arg)
{
    long id = (long)arg;
    int fd = socket(AF_PACKET, SOCK_RAW, 0); /* protocol 0: send only, receives nothing */
    if (fd < 0) { perror("socket(AF_PACKET)"); exit(1); }
    int one = 1;
    if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one) < 0) perror("PACKET_QDISC_BYPASS");
    struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = ifindex, .sll_protocol = htons(ETH_P_IP) };
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) { perror("bind"); exit(1); }

    static __thread struct mmsghdr msgs[MAX_BATCH];
    static __thread struct iovec iov[MAX_BATCH];
    for (int i = 0; i < batch; i++) {
        int f = (int)((i + id) % frame_count);
        iov[i].iov_base = frames[f];
        iov[i].iov_len = frame_len[f];
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    double share = rate / threads, start = now(), end = start + seconds;
    long sent = 0;
    if (seconds <= 0) {
        int n = sendmmsg(fd, msgs, (unsigned)frame_count, 0);
        if (n < 0) { perror("sendmmsg"); exit(1); }
        sent = n;
    }
    for (; seconds > 0;) {
        double t = now();
        if (t >= end) break;
        if (share > 0 && sent >= (t - start) * share) { sched_yield(); continue; }
        int n = sendmmsg(fd, msgs, (unsigned)batch, 0);
        if (n < 0) {
            if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) { sched_yield(); continue; }
            perror("sendmmsg");
            exit(1);
        }
        sent += n;
    }
    atomic_fetch_add(&total_sent, sent);
    close(fd);
    return NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: %s IFNAME FRAMES-FILE RATE SECONDS THREADS BATCH\n", argv[0]);
        return 2;
    }
    ifindex = (int)if_nametoindex(argv[1]);
    if (!ifindex) { perror(argv[1]); return 1; }
    rate = atof(argv[3]);
    seconds = atof(argv[4]);
    threads = atoi(argv[5]);
    batch = atoi(argv[6]);
    if (threads < 1 || threads > 64 || batch < 1 || batch > MAX_BATCH) { fprintf(stderr, "bad THREADS or BATCH\n"); return 2; }
    if (seconds <= 0) threads = 1;

    FILE *in = fopen(argv[2], "r");
    if (!in) { perror(argv[2]); return 1; }
    char line[2 * MAX_FRAME + 16];
    while (frame_count < MAX_FRAMES && fgets(line, sizeof line, in)) {
        size_t n = 0;
        for (char *p = line; hexval(p[0]) >= 0 && hexval(p[1]) >= 0 && n < MAX_FRAME; p += 2)
            frames[frame_count][n++] = (unsigned char)(hexval(p[0]) << 4 | hexval(p[1]));
        if (n >= 14) frame_len[frame_count++] = n;
    }
    fclose(in);
    if (!frame_count) { fprintf(stderr, "no frames in %s\n", argv[2]); return 1; }

    pthread_t tid[64];
    double start = now();
    for (long i = 0; i < threads; i++) pthread_create(&tid[i], NULL, sender, (void *)i);
    for (int i = 0; i < threads; i++) pthread_join(tid[i], NULL);
    double elapsed = now() - start;
    long sent = atomic_load(&total_sent);
    printf("sent %ld frames in %.2f s = %.0f frames/s (%d threads, batch %d, %d kinds)\n",
           sent, elapsed, sent / elapsed, threads, batch, frame_count);
    return 0;
}
