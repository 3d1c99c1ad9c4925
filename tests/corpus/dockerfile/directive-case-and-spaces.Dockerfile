#	EsCaPe = `
FROM alpine
RUN a `
 b
