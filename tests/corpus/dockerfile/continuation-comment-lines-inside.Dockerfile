FROM debian:12
RUN apt-get update \
# refresh the index first
    && apt-get install -y curl \
    # an indented comment is dropped too
    && rm -rf /var/lib/apt/lists/*
