FROM alpine
RUN --mount="type=secret,id=a b" echo
COPY --chown='user name' a b
RUN --mount=type=cache,"target=/x y",id='z' true
