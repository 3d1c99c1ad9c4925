require('http').createServer((req, res) => res.end('shop')).listen(process.env.PORT);
