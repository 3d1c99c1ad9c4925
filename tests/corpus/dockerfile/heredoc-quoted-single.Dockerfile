FROM alpine
RUN <<'EOF'
echo $HOME '$literal'
EOF
