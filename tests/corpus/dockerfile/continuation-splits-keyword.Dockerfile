FROM alpine
RU\
N echo split keyword
CO\
PY a \
 b
