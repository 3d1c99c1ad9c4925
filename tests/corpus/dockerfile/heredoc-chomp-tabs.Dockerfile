FROM alpine
RUN <<-EOT bash
	echo $HOME
		echo nested tab
	EOT
