const {startServer,login}=require('./bench/support');
const { execFileSync } = require('node:child_process');
(async()=>{
  const s=await startServer({DEMO_MODE:'false'},'/tmp/bq');
  const t=await login(s.url);
  execFileSync(process.execPath,['node_modules/autocannon/autocannon.js','-c','10','-d','5','-H','authorization=Bearer '+t, s.url+'/api/members?status=active&sort=lastName&order=desc&page=20&pageSize=50'],{stdio:'inherit'});
  s.child.kill('SIGINT'); await new Promise(r=>setTimeout(r,3000));
})();
