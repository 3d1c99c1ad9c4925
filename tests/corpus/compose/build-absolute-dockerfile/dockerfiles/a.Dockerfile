FROM busybox
COPY file.txt /
