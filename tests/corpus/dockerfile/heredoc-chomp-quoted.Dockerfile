FROM alpine
RUN <<-"EOT" bash
	echo $HOME
	EOT
