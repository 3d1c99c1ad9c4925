FROM alpine
RUN --network=none echo offline
RUN --network=host ping -c1 example.com
RUN --network=default true
RUN --security=insecure cat /proc/self/status
RUN --security=sandbox true
