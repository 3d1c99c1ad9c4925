const greeting = require('greeting');
