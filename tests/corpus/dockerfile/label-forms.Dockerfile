FROM alpine
LABEL "com.example.vendor"="ACME Inc" version=1.0
LABEL maintainer="a@b.c"
LABEL legacy form value
LABEL multi="line" \
      other='x'
