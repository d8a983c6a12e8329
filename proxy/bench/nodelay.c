/*
 * nodelay.so - LD_PRELOAD shim: set TCP_NODELAY on every TCP socket a process
 * creates or accepts. Used ONLY for the benchmark's fast sink (nginx mail module has no
 * tcp_nodelay setting; with TLS 1.3 its post-handshake session tickets + Nagle +
 * the client's delayed ACK cost ~40 ms per session). See run-matrix.sh.
 * Build: gcc -O2 -shared -fPIC -o nodelay.so nodelay.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void nd(int fd) {
    int one = 1;
    if (fd >= 0) (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int socket(int domain, int type, int protocol) {
    static int (*real)(int, int, int);
    if (!real) real = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
    int fd = real(domain, type, protocol);
    if ((domain == AF_INET || domain == AF_INET6) && (type & 0xf) == SOCK_STREAM) nd(fd);
    return fd;
}

int accept(int s, struct sockaddr *a, socklen_t *l) {
    static int (*real)(int, struct sockaddr *, socklen_t *);
    if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
    int fd = real(s, a, l);
    nd(fd);
    return fd;
}

int accept4(int s, struct sockaddr *a, socklen_t *l, int flags) {
    static int (*real)(int, struct sockaddr *, socklen_t *, int);
    if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
    int fd = real(s, a, l, flags);
    nd(fd);
    return fd;
}
