FROM alpine
RUN <<EOF
echo hi
echo there
EOF
COPY <<-A /a
	x
	A
