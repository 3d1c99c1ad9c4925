FROM alpine
run <<EOF
echo lower
EOF
copy <<X /x
x
X
