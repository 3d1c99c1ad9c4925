FROM alpine
COPY <<X <<Y /dest
Y
X
X
Y
