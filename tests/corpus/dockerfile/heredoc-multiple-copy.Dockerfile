FROM alpine
COPY <<FILE1 <<FILE2 /dest/
content 1
FILE1
content 2
FILE2
