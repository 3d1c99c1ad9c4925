FROM alpine
RUN 3<<EOF cat /dev/fd/3 > out
x
EOF
RUN cat 0<<IN 9<<-NINE
in
IN
	nine
	NINE
