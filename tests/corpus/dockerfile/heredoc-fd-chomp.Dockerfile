FROM alpine
RUN cat 3<<-EOF
	x
	EOF
