FROM alpine
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
SHELL /bin/sh -c
SHELL []
