FROM alpine
LABEL 🐳=whale
RUN echo 🐳🐳 \
  🚀
CMD ["echo", "🎉"]
