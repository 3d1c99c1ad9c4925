FROM alpine
CMD ["échō", "日本"]
COPY ["dátá file", "/dëst/"]
