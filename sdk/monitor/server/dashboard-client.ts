// The dashboard's browser script: fetches /api/snapshot/latest and /api/history, fills the panels, draws the charts, refreshes.

/** Runs in the page (plain ES2019, no modules); `Chart` comes from the inlined chart.js bundle. */
export const DASHBOARD_CLIENT = String.raw`(function(){
'use strict';
var errs=[];window.__errs=errs;
window.addEventListener('error',function(e){errs.push(String(e.message));showErrors();});
var ce=console.error;console.error=function(){errs.push(Array.prototype.map.call(arguments,String).join(' '));showErrors();ce.apply(console,arguments);};
function $(id){return document.getElementById(id);}
function showErrors(){var el=$('client-errors');if(el)el.textContent=errs.join('\n');}
function esc(s){return String(s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}
function num(x,d){return x===null||x===undefined?'n/a':Number(x).toLocaleString('en-US',{minimumFractionDigits:d,maximumFractionDigits:d});}
function pct(x,d){return x===null||x===undefined?'n/a':(x*100).toFixed(d===undefined?2:d)+'%';}
function set(id,text,cls){var el=$(id);if(!el)return;el.textContent=text;if(cls!==undefined)el.className='v '+cls;}
function rows(id,list,cells){var el=$(id);if(!el)return;el.innerHTML=list.map(function(r){return '<tr>'+cells(r).map(function(c){return '<td>'+esc(c)+'</td>';}).join('')+'</tr>';}).join('');}
var charts={};
var C=['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd'];
function draw(id,type,labels,sets,extra){
  var el=$(id);if(!el)return;if(charts[id])charts[id].destroy();
  charts[id]=new Chart(el,{type:type,data:{labels:labels,datasets:sets.map(function(s,i){return Object.assign({borderColor:C[i%5],backgroundColor:C[i%5],borderWidth:1.5,pointRadius:0,fill:false},s);})},
    options:Object.assign({animation:false,responsive:true,maintainAspectRatio:false,plugins:{legend:{display:sets.length>1}}},extra||{})});
}
function getJson(url){return fetch(url,{cache:'no-store'}).then(function(r){return r.json().then(function(b){if(!r.ok)throw new Error(url+': '+(b.error?b.error.message:r.status));return b;});});}
function render(latest,hist){
  var v=latest.view;
  set('asof',v.asOf);set('created',v.createdAt);
  set('nav',num(v.nav,2));set('pnl',num(v.pnl,2),v.pnl<0?'bad':'good');set('daily-return',pct(v.dailyReturn));
  set('sharpe',num(v.rollingSharpe,2),v.rollingSharpe!==null&&v.rollingSharpe<latest.thresholds.minRollingSharpe?'bad':'');
  set('drawdown',pct(v.drawdown));set('vol-realized',pct(v.realizedVol));set('vol-target',pct(v.targetVol));
  set('optimizer-status',v.optimizerStatus,v.optimizerStatus==='optimal'?'good':'bad');
  set('prediction-source',v.predictionSource+' ('+v.predictionAgeDays+' d)');
  set('disagreement',num(v.disagreement,3),v.disagreement>latest.thresholds.ensembleDisagreement?'bad':'');
  set('var95',pct(v.var95)+' / '+pct(v.varUtilization95,0)+' of limit');set('var99',pct(v.var99)+' / '+pct(v.varUtilization99,0)+' of limit');
  set('active-positions',String(v.activePositions));set('max-position',pct(v.maxPosition));
  set('turnover',pct(v.turnover),v.turnover>latest.thresholds.turnover?'bad':'');
  set('missing',pct(v.missingFraction)+' ('+v.missingCount+')',v.missingFraction>latest.thresholds.missingWarning?'bad':'');
  set('winsorized',String(v.winsorizedCount));
  rows('positions',v.positions,function(p){return [p.factor,pct(p.weight),p.previous===null?'':pct(p.previous)];});
  rows('top-predictions',v.topPredictions,function(p){return [p.factor,pct(p.mu,3),pct(p.sigma,3),p.z===null?'n/a':p.z.toFixed(2)];});
  rows('feature-drift',v.featureDrift.slice(0,15),function(f){return [f.feature,f.statistic.toFixed(3)];});
  rows('alerts',latest.alerts.filter(function(a){return a.level!=='INFO';}),function(a){return [a.level,a.code,a.message];});
  set('alert-none',latest.alerts.some(function(a){return a.level!=='INFO';})?'':'No CRITICAL or WARNING alerts.');
  var eig=v.eigenvalues;
  set('eigen-note',eig?('largest '+eig[0].toExponential(3)+', smallest '+eig[eig.length-1].toExponential(3)+', condition '+(eig[eig.length-1]>0?(eig[0]/eig[eig.length-1]).toExponential(2):'inf')):'no covariance recorded in this snapshot');
  rows('eigenvalues',(eig||[]).slice(0,10).map(function(x,i){return [i+1,x];}),function(r){return [String(r[0]),r[1].toExponential(4)];});
  set('history-errors',hist.errors.map(function(e){return e.message;}).join('\n'));
  var d=hist.rows.map(function(r){return r.date;});
  draw('chart-positions','bar',v.positions.map(function(p){return p.factor;}),[{label:'weight',data:v.positions.map(function(p){return p.weight;})}]);
  draw('chart-pnl','bar',d,[{label:'daily P&L',data:hist.rows.map(function(r){return r.pnl;})}]);
  draw('chart-nav','line',d,[{label:'NAV',data:hist.rows.map(function(r){return r.nav;})}]);
  draw('chart-drawdown','line',d,[{label:'drawdown',data:hist.rows.map(function(r){return -r.drawdown;}),fill:true}]);
  draw('chart-sharpe','line',d,[{label:'rolling 30-day Sharpe',data:hist.rows.map(function(r){return r.rollingSharpe;})}]);
  draw('chart-vol','line',d,[{label:'realized 30-day vol',data:hist.rows.map(function(r){return r.realizedVol;})},{label:'target vol',data:hist.rows.map(function(r){return r.targetVol;})}]);
  draw('chart-turnover','bar',d,[{label:'turnover',data:hist.rows.map(function(r){return r.turnover;})}]);
  draw('chart-eigen','bar',(eig||[]).map(function(_,i){return String(i+1);}),[{label:'eigenvalue',data:eig||[]}],{scales:{y:{type:'logarithmic'}}});
  draw('chart-quality','line',d,[{label:'missing fraction',data:hist.rows.map(function(r){return r.missingFraction;})},{label:'disagreement',data:hist.rows.map(function(r){return r.disagreement;})},{label:'VaR95 utilization',data:hist.rows.map(function(r){return r.varUtilization95;})}]);
}
function load(){
  return Promise.all([getJson('api/snapshot/latest'),getJson('api/history')]).then(function(r){
    render(r[0],r[1]);set('status','live: '+r[0].view.asOf+', refreshed '+new Date().toLocaleTimeString());document.body.setAttribute('data-state','ready');
  }).catch(function(e){set('status','error: '+e.message,'bad');document.body.setAttribute('data-state','error');}).then(function(){window.__dashboardDone=true;});
}
load();setInterval(load,REFRESH_MS);
})();`;
