FROM alpine:3
ENV A="a.sh" \
    # comment a
    B="b.sh" \
    c="true"
ENV D=1 \
    E=2
