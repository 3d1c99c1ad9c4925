FROM alpine
COPY <<file.txt <<dir/x.conf /etc/
text
file.txt
conf
dir/x.conf
