FROM alpine AS src
FROM alpine
RUN --mount=type=bind,from=src,source=/a,target=/b,readonly ls /b
RUN --mount=target=/c,rw ls /c
RUN --mount=type=bind,src=.,dst=/ctx,ro=true ls
