console.log(greeting('plumb'));
