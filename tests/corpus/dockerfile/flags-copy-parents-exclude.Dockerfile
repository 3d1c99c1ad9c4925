# syntax=docker/dockerfile:1.7-labs
FROM alpine
COPY --parents ./a/b/*.txt /out/
COPY --exclude=*.md --exclude=tests/** . /app
COPY --parents=true --exclude='*.tmp' x y
