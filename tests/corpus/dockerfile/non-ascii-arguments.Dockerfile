FROM alpine
LABEL description="Größe café 日本語 🐳"
RUN echo "héllo wörld" > /tmp/ü
WORKDIR /données
USER ñandú
