document.querySelector(".leave").addEventListener("click",function(event){try{window.top.location.replace(this.href)}catch(error){window.location.replace(this.href)}event.preventDefault()});
