    FROM alpine
		RUN echo a \
		b
  CMD echo c
