FROM alpine
RUN <<EOF 4<<-X cat
one
EOF
	two
	X
