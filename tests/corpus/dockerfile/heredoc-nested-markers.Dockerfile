FROM alpine
RUN <<A
cat <<B
inner
B
A
