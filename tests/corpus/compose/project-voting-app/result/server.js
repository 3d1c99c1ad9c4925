console.log('result');
