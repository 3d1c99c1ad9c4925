FROM alpine
RUN cat <<'EOF
EOF
RUN cat <<EOF"
EOF
