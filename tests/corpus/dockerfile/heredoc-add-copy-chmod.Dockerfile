FROM alpine
ADD <<EOF /etc/a
A=1
EOF
COPY --chmod=755 <<'SCRIPT' /usr/local/bin/run
#!/bin/sh
echo "$@"
SCRIPT
