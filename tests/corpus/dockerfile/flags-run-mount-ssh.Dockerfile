FROM alpine
RUN --mount=type=ssh git clone git@github.com:a/b.git
RUN --mount=type=ssh,id=default,required=true,mode=0600 ssh -T git@github.com
